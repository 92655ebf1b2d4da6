package io.lampblack.server.intel;

import io.lampblack.server.intel.FeedFetchException.Failure;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Where feed documents may come from, and how much of them: what keeps {@code POST /api/v1/feed} from being a way to
 * read the server's own secrets or to probe the networks it can reach.
 *
 * <ul>
 *   <li>http(s): every address a host name resolves to is checked before it is connected to (the fetcher connects
 *       to the checked address, so a second, different DNS answer cannot slip in); addresses in
 *       {@code deniedNetworks} are refused, and so are the server's own listening ports on any local address.</li>
 *   <li>file: the path is resolved to the real file (symbolic links and {@code ..} followed) before it is checked;
 *       it must be a regular file outside every {@code deniedFiles} directory (the data directory, {@code /proc},
 *       {@code /sys}, {@code /dev}, {@code /run}) and is then opened without following links.</li>
 *   <li>Every document: at most {@code maxBytes} (after gzip decoding) within {@code timeout} (the whole fetch,
 *       redirects included).</li>
 * </ul>
 *
 * @param ownPort tells the server's own listening ports (HTTPS, the embedded broker) apart; read at each fetch,
 *                because a port picked at start-up (0) is known only once its listener is bound
 */
public record FeedFetchPolicy(
        long maxBytes,
        Duration timeout,
        List<NetworkRange> deniedNetworks,
        IntPredicate ownPort,
        List<Path> deniedFiles) {

    /** System directories no feed is ever read from, besides the data directory: devices, kernel and run-time state. */
    public static final List<Path> SYSTEM_DIRECTORIES =
            List.of(Path.of("/proc"), Path.of("/sys"), Path.of("/dev"), Path.of("/run"));

    public FeedFetchPolicy {
        deniedNetworks = List.copyOf(deniedNetworks);
        deniedFiles = List.copyOf(deniedFiles);
    }

    /** @throws FeedFetchException ({@link Failure#DENIED}) when feeds may not be fetched from this address and port */
    public void checkAddress(InetAddress address, int port) throws FeedFetchException {
        for (NetworkRange denied : deniedNetworks) {
            if (denied.contains(address)) {
                throw new FeedFetchException(
                        Failure.DENIED,
                        "the feed server's address is in a network feeds may not reach (--feed-deny-networks)");
            }
        }
        if (ownPort.test(port) && isLocal(address)) {
            throw new FeedFetchException(Failure.DENIED, "the feed URL points at one of this server's own ports");
        }
    }

    /**
     * The real path of the file a {@code file:} feed URL names, once it is known to be readable as a feed.
     *
     * @throws FeedFetchException {@link Failure#DENIED} for a file in a denied directory or one that is not a regular
     *     file, {@link Failure#UNREACHABLE} for no file or one that cannot be read; the message never names the real
     *     path, which may be a link's target the caller did not type
     */
    public Path readableFile(URI fileUrl) throws FeedFetchException {
        Path real;
        try {
            real = Path.of(fileUrl).toRealPath();
        } catch (NoSuchFileException e) {
            throw new FeedFetchException(Failure.UNREACHABLE, "no file at the feed URL's path", e);
        } catch (AccessDeniedException e) {
            throw new FeedFetchException(Failure.UNREACHABLE, "the file at the feed URL's path cannot be read", e);
        } catch (IOException | RuntimeException e) {
            throw new FeedFetchException(Failure.UNREACHABLE, "the feed URL's path cannot be resolved", e);
        }
        for (Path denied : deniedFiles) {
            if (real.startsWith(realOrAbsolute(denied))) {
                throw new FeedFetchException(
                        Failure.DENIED,
                        "feeds may not be read from the server's data directory, its key files, /proc, /sys, /dev or /run");
            }
        }
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            throw new FeedFetchException(Failure.DENIED, "the feed URL's path is not a regular file");
        }
        return real;
    }

    private static Path realOrAbsolute(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    /** Loopback, the wildcard address (which reaches this host), or an address of one of this host's interfaces. */
    private static boolean isLocal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress()) return true;
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return false;
        }
    }
}
