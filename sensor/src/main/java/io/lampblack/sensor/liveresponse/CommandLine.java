package io.lampblack.sensor.liveresponse;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a {@code create process} command line into the program and its arguments, the way a POSIX shell splits
 * words but with nothing else of a shell: whitespace separates arguments; double quotes group (inside them a
 * backslash escapes only {@code "} and {@code \}); single quotes group literally; elsewhere a backslash escapes the
 * next character. No variables, globs, pipes or redirections: {@code /bin/sh -c "..."} asks for a shell explicitly.
 */
final class CommandLine {

    private CommandLine() {}

    static List<String> split(String line) throws CommandFailure {
        if (line == null || line.isBlank()) throw CommandFailure.invalid("create process needs a command line");
        List<String> args = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                if (inWord) {
                    args.add(current.toString());
                    current.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) throw CommandFailure.invalid("unterminated ' in command line: " + line);
                current.append(line, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i++;
                boolean closed = false;
                while (i < line.length()) {
                    char d = line.charAt(i);
                    if (d == '"') {
                        closed = true;
                        i++;
                        break;
                    }
                    if (d == '\\'
                            && i + 1 < line.length()
                            && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
                        current.append(line.charAt(i + 1));
                        i += 2;
                    } else {
                        current.append(d);
                        i++;
                    }
                }
                if (!closed) throw CommandFailure.invalid("unterminated \" in command line: " + line);
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                current.append(line.charAt(i + 1));
                inWord = true;
                i += 2;
            } else {
                current.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) args.add(current.toString());
        return args;
    }
}
