package io.lampblack.server.api;

import io.lampblack.server.auth.AccessProblem;
import io.lampblack.server.auth.Account;
import io.lampblack.server.auth.Accounts;
import io.lampblack.server.auth.AuditLog;
import io.lampblack.server.auth.AuditTrail;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A username and password checked as every login route checks them: by {@link Accounts} (throttled, 429 with
 * Retry-After, see {@link io.lampblack.server.auth.LoginThrottle}), and audited once answered, whatever the answer,
 * with the username tried. The routes differ only in what a success hands out (an API token, a console session) and in
 * the words their audit entries start with.
 */
public final class PasswordLogins {

    private final Accounts accounts;
    private final AuditTrail audit;
    private final Clock clock;

    public PasswordLogins(Accounts accounts, AuditTrail audit, Clock clock) {
        this.accounts = accounts;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * One login attempt on an exchange: audited when the exchange is answered (its own entry, with the username tried,
     * after any hook the router added).
     */
    final class Attempt {
        private final Exchange ex;
        private final AtomicReference<String> refusal = new AtomicReference<>();

        private Attempt(Exchange ex, String username, String kind) {
            this.ex = ex;
            ex.beforeAnswer(status -> audit.record(new AuditLog.Entry(
                    clock.instant(),
                    username,
                    ex.method(),
                    ex.path(),
                    status,
                    ex.remoteAddress(),
                    kind + " "
                            + (refusal.get() != null
                                    ? refusal.get()
                                    : status == 200
                                            ? "succeeded"
                                            : status == 429 ? "refused: too many failures" : "failed"))));
        }

        /**
         * The account whose password this is.
         *
         * @throws ApiException 401 for a wrong username or password
         * @throws AccessProblem 429 while throttled or too busy to check
         */
        Account check(String username, String password) {
            try {
                return accounts.verify(username, password, ex.remoteAddress())
                        .orElseThrow(() -> unauthorized("wrong username or password"));
            } catch (AccessProblem p) {
                if ("login_busy".equals(p.reason())) refusal.set("refused: server busy");
                throw p;
            }
        }

        /** The account's API token (its current one, or a new one when it has none that can be shown). */
        String token(Account account) {
            return accounts.tokenOf(account).token();
        }
    }

    /**
     * Starts auditing an attempt at this exchange's login.
     *
     * @param username the username tried ("-" when none was given)
     * @param kind     the audit description's first word(s): "login", "console login"
     */
    Attempt attempt(Exchange ex, String username, String kind) {
        return new Attempt(ex, username, kind);
    }

    static ApiException unauthorized(String message) {
        return new ApiException(401, "unauthorized", message);
    }
}
