/**
 * The web console's files as the server holds them.
 *
 * <p>In: the console module's build (its jar on the classpath, or a directory given by {@code --console-dir}), listed
 * by its {@code lampblack-files.json}. Out: {@link io.lampblack.server.console.ConsoleFiles}, each file in memory with
 * its gzip form, content type, cache policy and entity tag, served by {@code api.ConsoleFilesApi}; or the reason the
 * console is absent. The console's login and sessions are in {@code auth.ConsoleSessions} and
 * {@code api.ConsoleLoginApi}.
 */
package io.lampblack.server.console;
