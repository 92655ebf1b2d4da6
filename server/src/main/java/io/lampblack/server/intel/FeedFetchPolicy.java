package io.lampblack.server.intel;

import io.lampblack.server.intel.FeedFetchException.Failure;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
 *       it must be a regular file outside every {@code deniedFiles} directory or file (the data directory, key and
 *       secret files, {@code /proc}, {@code /sys}, {@code /dev}, {@code /run}) and not another name (hard link) of a
 *       denied file. It is then opened one directory at a time from the root, none of them followed if it is a link
 *       ({@link SecureDirectoryStream}), so that a directory swapped for a link after the check makes the open fail
 *       instead of reading where the link points.</li>
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

    private static final String DENIED_FILE =
            "feeds may not be read from the server's data directory, its key and secret files, /proc, /sys, /dev or /run";

    public FeedFetchPolicy {
        deniedNetworks = List.copyOf(deniedNetworks);
        deniedFiles = List.copyOf(deniedFiles);
    }

    /**
     * An IPv6 address that carries an IPv4 address (IPv4-compatible {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::/96},
     * 6to4 {@code 2002::/16}) is checked as that IPv4 address too, so that {@code ::169.254.169.254} or
     * {@code 64:ff9b::a9fe:a9fe} cannot reach what {@code 169.254.0.0/16} denies. (IPv4-mapped {@code ::ffff:a.b.c.d} is
     * an IPv4 address to the JDK already.)
     *
     * @throws FeedFetchException ({@link Failure#DENIED}) when feeds may not be fetched from this address and port
     */
    public void checkAddress(InetAddress address, int port) throws FeedFetchException {
        checkOne(address, port);
        InetAddress embedded = embeddedIpv4(address);
        if (embedded != null) checkOne(embedded, port);
    }

    private void checkOne(InetAddress address, int port) throws FeedFetchException {
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

    /** The IPv4 address an IPv6 address carries (IPv4-compatible, NAT64 well-known prefix, 6to4), or null. */
    static InetAddress embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) return null;
        byte[] b = address.getAddress();
        int at;
        if (zero(b, 0, 12)) {
            at = 12; // ::a.b.c.d (:: and ::1 themselves are the wildcard and loopback, checked as they are)
        } else if (b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b && zero(b, 4, 12)) {
            at = 12; // 64:ff9b::a.b.c.d
        } else if (b[0] == 0x20 && b[1] == 0x02) {
            at = 2; // 2002:aabb:ccdd::/48
        } else {
            return null;
        }
        try {
            return InetAddress.getByAddress(new byte[] {b[at], b[at + 1], b[at + 2], b[at + 3]});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }

    private static boolean zero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) if (b[i] != 0) return false;
        return true;
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
                throw new FeedFetchException(Failure.DENIED, DENIED_FILE);
            }
        }
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            throw new FeedFetchException(Failure.DENIED, "the feed URL's path is not a regular file");
        }
        return real;
    }

    /**
     * Opens the file a {@code file:} feed URL names, once {@link #readableFile} allowed it, without following a link
     * in any part of its real path.
     *
     * @throws FeedFetchException as {@link #readableFile}; {@link Failure#UNREACHABLE} when the path changed since
     *     its check (a directory became a link) or the file cannot be opened
     */
    public InputStream openFile(URI fileUrl) throws FeedFetchException {
        return openFile(fileUrl, () -> {});
    }

    /** {@link #openFile(URI)}, with {@code afterCheck} run between the check and the open (for tests of the race). */
    InputStream openFile(URI fileUrl, Runnable afterCheck) throws FeedFetchException {
        Path real = readableFile(fileUrl);
        afterCheck.run();
        try {
            return Channels.newInputStream(openWithoutLinks(real));
        } catch (FeedFetchException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new FeedFetchException(Failure.UNREACHABLE, "the file at the feed URL's path cannot be read", e);
        }
    }

    private SeekableByteChannel openWithoutLinks(Path real) throws IOException, FeedFetchException {
        Path root = real.getRoot();
        DirectoryStream<Path> top = Files.newDirectoryStream(root);
        if (!(top instanceof SecureDirectoryStream<Path> secure)) {
            // No openat on this platform: the last part at least is not followed.
            top.close();
            return Files.newByteChannel(real, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        }
        List<SecureDirectoryStream<Path>> opened = new ArrayList<>();
        opened.add(secure);
        try {
            SecureDirectoryStream<Path> dir = secure;
            for (int i = 0; i < real.getNameCount() - 1; i++) {
                dir = dir.newDirectoryStream(real.getName(i), LinkOption.NOFOLLOW_LINKS);
                opened.add(dir);
            }
            Path name = real.getFileName();
            BasicFileAttributes a = dir.getFileAttributeView(
                            name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes();
            if (!a.isRegularFile()) {
                throw new FeedFetchException(Failure.DENIED, "the feed URL's path is not a regular file");
            }
            if (a.fileKey() != null && deniedFileKeys().contains(a.fileKey())) {
                throw new FeedFetchException(Failure.DENIED, DENIED_FILE);
            }
            return dir.newByteChannel(name, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
        } finally {
            for (SecureDirectoryStream<Path> d : opened.reversed()) d.close();
        }
    }

    /** The file keys (device and inode) of the denied files that are files, to catch another name of one. */
    private Set<Object> deniedFileKeys() {
        Set<Object> keys = new HashSet<>();
        for (Path denied : deniedFiles) {
            try {
                BasicFileAttributes a = Files.readAttributes(denied, BasicFileAttributes.class);
                if (a.isRegularFile() && a.fileKey() != null) keys.add(a.fileKey());
            } catch (IOException | RuntimeException e) {
                // A denied file that is not there has no other name to catch.
            }
        }
        return keys;
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
