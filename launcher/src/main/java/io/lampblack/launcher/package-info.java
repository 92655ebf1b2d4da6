/**
 * The one command behind {@code ./lampblack}.
 *
 * <p>In: the command line ({@code server}, {@code demo}, {@code replay}, {@code simulate}, {@code bench},
 * {@code help}) and its options; server settings are passed to {@code ServerSettings}. Out: the running server
 * (URL, admin token and certificate printed), a demo server with the sample corpus replayed into it, corpus
 * replays and simulated sensors against a server, benchmark figures, or usage text; a bad argument ends with a
 * message on stderr and exit status 2.
 */
package io.lampblack.launcher;
