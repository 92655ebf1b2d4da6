package io.lampblack.server.intel;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.server.config.Secrets;
import io.lampblack.server.json.Json;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;

/**
 * E-mail actions (type 0): a hit's notification mailed through the configured SMTP server ({@code --smtp-server
 * smtp://[user:password@]host[:port]}, STARTTLS when the server offers it and required with credentials, or
 * {@code smtps://...} for TLS from the first byte; {@code --smtp-from}). Refused credentials or recipients are not
 * retried.
 *
 * <p>Recipients come from the action's {@code action_data} {@code {"email_recipients": [...]}}: addresses are used
 * as they are and usernames resolve to the user's address. Carbon Black lists numeric user ids there, which
 * Lampblack's users do not have (they are named, as cbapi's {@code User.id} is the username), so an action that
 * names nobody Lampblack can resolve (the console's "e-mail me" form) mails the user who created it.
 */
public final class MailSender {

    private static final int TIMEOUT_MS = 10_000;

    private final Session session;
    private final String protocol;
    private final String user;
    private final String password;
    private final InternetAddress from;
    private final Function<String, Optional<String>> emailOfUser;

    private MailSender(
            Session session,
            String protocol,
            String user,
            String password,
            InternetAddress from,
            Function<String, Optional<String>> emailOfUser) {
        this.session = session;
        this.protocol = protocol;
        this.user = user;
        this.password = password;
        this.from = from;
        this.emailOfUser = emailOfUser;
    }

    /** No SMTP server: e-mail actions fail (counted and logged like any failed delivery). */
    public static MailSender none() {
        return new MailSender(null, null, null, null, null, u -> Optional.empty());
    }

    /**
     * @param server      {@code smtp://[user:password@]host[:port]} (port 25 by default) or {@code smtps://...} (465);
     *                    empty for {@link #none()}
     * @param from        the sender address
     * @param emailOfUser a Lampblack user's address by username
     * @throws IllegalArgumentException for a malformed setting (the server does not start)
     */
    public static MailSender configure(String server, String from, Function<String, Optional<String>> emailOfUser) {
        if (server.isBlank()) return none();
        URI u;
        try {
            u = new URI(server);
        } catch (URISyntaxException e) {
            // The reason and position only: the exception's message repeats the URL, password and all.
            throw new IllegalArgumentException(
                    "SMTP server is not a URL: " + e.getReason() + " at index " + e.getIndex());
        }
        boolean tls = "smtps".equals(u.getScheme());
        if (!(tls || "smtp".equals(u.getScheme())) || u.getHost() == null) {
            throw new IllegalArgumentException(
                    "SMTP server must be smtp://[user:password@]host[:port] or smtps://..., not "
                            + Secrets.maskUrl(server));
        }
        String protocol = tls ? "smtps" : "smtp";
        Properties p = new Properties();
        p.put("mail.transport.protocol", protocol);
        p.put("mail." + protocol + ".host", u.getHost());
        p.put("mail." + protocol + ".port", String.valueOf(u.getPort() > 0 ? u.getPort() : tls ? 465 : 25));
        p.put("mail." + protocol + ".connectiontimeout", String.valueOf(TIMEOUT_MS));
        p.put("mail." + protocol + ".timeout", String.valueOf(TIMEOUT_MS));
        p.put("mail." + protocol + ".writetimeout", String.valueOf(TIMEOUT_MS));
        p.put("mail." + protocol + ".ssl.checkserveridentity", "true");
        if (!tls) p.put("mail.smtp.starttls.enable", "true");
        String user = null;
        String password = null;
        if (u.getUserInfo() != null) {
            // Percent-escapes decoded, '+' kept as it is (it is not a space in a URL's user part).
            String[] parts = u.getUserInfo().split(":", 2);
            user = parts[0];
            password = parts.length > 1 ? parts[1] : "";
            p.put("mail." + protocol + ".auth", "true");
            // Credentials never travel in clear: a plain smtp:// server must offer STARTTLS.
            if (!tls) p.put("mail.smtp.starttls.required", "true");
        }
        try {
            return new MailSender(
                    Session.getInstance(p), protocol, user, password, new InternetAddress(from, true), emailOfUser);
        } catch (AddressException e) {
            throw new IllegalArgumentException("SMTP sender address " + from + ": " + e.getMessage());
        }
    }

    /** Mails one hit notification to the action's recipients. */
    void send(IntelAction action, String what, byte[] notification) throws IOException {
        if (session == null) throw new ActionMisconfigured("no --smtp-server is configured");
        JsonNode hit = Json.MAPPER.readTree(notification);
        try {
            MimeMessage m = new MimeMessage(session);
            m.setFrom(from);
            m.setRecipients(Message.RecipientType.TO, recipients(action).toArray(InternetAddress[]::new));
            String name =
                    hit.path("watchlist_name").asText(hit.path("feed_name").asText(""));
            m.setSubject("Lampblack: " + what + (name.isEmpty() ? "" : " (" + name + ")"), "UTF-8");
            String owner = action.owner() == IntelAction.Owner.WATCHLIST ? "watchlist" : "feed";
            m.setText(
                    "Lampblack reports " + what + " for " + owner + " " + action.ownerId()
                            + (name.isEmpty() ? "" : " \"" + name + "\"") + ".\n\n"
                            + Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(hit) + "\n",
                    "UTF-8");
            m.setSentDate(new Date());
            m.saveChanges();
            // The transport of the configured protocol: Transport.send would pick "smtp" from the address type and
            // ignore an smtps:// server's settings.
            try (Transport t = session.getTransport(protocol)) {
                t.connect(user, password);
                t.sendMessage(m, m.getAllRecipients());
            }
        } catch (AuthenticationFailedException | SendFailedException e) {
            // Refused credentials or addresses: trying again cannot help.
            throw new ActionMisconfigured("SMTP: " + e.getMessage());
        } catch (MessagingException e) {
            throw new IOException("SMTP: " + e.getMessage(), e);
        }
    }

    /** The addresses an action names, or its creator's when it names none Lampblack can resolve. */
    List<InternetAddress> recipients(IntelAction action) throws IOException {
        Set<String> addresses = new LinkedHashSet<>();
        JsonNode data;
        try {
            data = action.actionData().isBlank()
                    ? Json.MAPPER.createObjectNode()
                    : Json.MAPPER.readTree(action.actionData());
        } catch (IOException e) {
            throw new ActionMisconfigured("action_data is not JSON: " + e.getMessage());
        }
        for (JsonNode r : data.path("email_recipients")) {
            if (!r.isTextual()) continue; // a Carbon Black numeric user id
            String v = r.asText().trim();
            if (v.contains("@")) {
                addresses.add(v);
            } else {
                emailOfUser.apply(v).ifPresent(addresses::add);
            }
        }
        if (addresses.isEmpty() && !action.createdBy().isEmpty()) {
            emailOfUser.apply(action.createdBy()).ifPresent(addresses::add);
        }
        if (addresses.isEmpty()) {
            throw new ActionMisconfigured(
                    "no recipient: email_recipients names no address or user with an address, and the"
                            + " action's creator has none");
        }
        List<InternetAddress> out = new ArrayList<>();
        for (String a : addresses) {
            try {
                out.add(new InternetAddress(a, true));
            } catch (AddressException e) {
                throw new ActionMisconfigured("recipient " + a + ": " + e.getMessage());
            }
        }
        return out;
    }
}
