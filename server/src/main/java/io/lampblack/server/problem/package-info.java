/**
 * The vocabulary of failures shared by the domain packages and the edges.
 *
 * <p>In: nothing; every package may use it. Out: {@link io.lampblack.server.problem.Problem}, which domain exceptions
 * implement to say what kind of thing went wrong ({@link io.lampblack.server.problem.Problem.Kind}), with the reason
 * word and message the caller is given, and {@link io.lampblack.server.problem.InvalidInput} for input a domain rule
 * refuses. No HTTP here: the API's {@code ErrorMapper} maps kinds to statuses, in one place.
 */
package io.lampblack.server.problem;
