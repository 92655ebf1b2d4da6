/**
 * Server configuration, every key declared once.
 *
 * <p>In: command-line arguments ({@code --key value} or {@code --key=value}) or a key→text map. Out: an immutable
 * {@link io.lampblack.server.config.ServerSettings} read with typed {@link io.lampblack.server.config.Setting}
 * constants, and the {@code --help} text listing every key with its default and one line of documentation. An
 * unknown key or a value that does not parse or is out of range fails at start with an
 * {@link java.lang.IllegalArgumentException} naming the key (design convention 3). Beside them,
 * {@link io.lampblack.server.config.OwnerOnlyFiles}: how the secrets the server keeps in its data directory (TLS key
 * store, bus password, server-info.json) are written, readable by their owner only.
 *
 * <p>Secret settings (passwords, tokens, URLs with a password) may come from {@code --key-file PATH} or the
 * environment ({@code LAMPBLACK_KEY}) and are never echoed; {@link io.lampblack.server.config.Secrets} makes tokens
 * and masks URLs for display. {@link io.lampblack.server.config.ProcessUmask} and
 * {@link io.lampblack.server.config.OwnerOnlyTree} keep the data directory owner-only.
 */
package io.lampblack.server.config;
