/**
 * The one command behind {@code ./lampblack}, on picocli.
 *
 * <p>In: the command line. {@link io.lampblack.launcher.Lampblack} holds the command tree: {@code server},
 * {@code demo}, {@code replay}, {@code simulate}, {@code bench} (with {@code ingest}, {@code query}, {@code bus},
 * {@code intel}) and {@code help}, one class each. Server settings are not declared here: {@code server} and
 * {@code demo} pass whatever follows them to {@code ServerSettings}, which parses, checks and documents them. The
 * bench subcommands declare their benchmark's options and hand over only those given.
 *
 * <p>Out: the running server (URL, admin token and certificate printed), a demo server with the sample corpus
 * replayed into it, corpus replays and simulated sensors against a server, benchmark figures, or usage text.
 * {@code -h}/{@code --help} on any command prints its usage and exits with status 0; an unknown option, a missing
 * or malformed value, or a setting {@code ServerSettings} refuses ends with a message on stderr and exit status 2.
 */
package io.lampblack.launcher;
