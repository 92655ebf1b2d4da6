package io.lampblack.server.auth;

/** An analyst or API user. Only global administrators exist until teams and roles arrive. */
public record User(String username, String firstName, String lastName, String email, boolean globalAdmin) {}
