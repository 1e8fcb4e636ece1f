package io.sockrepl.pty;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import java.io.IOException;

/** The few libc calls the POSIX backend needs beyond what pty4j offers, through JNA. */
final class LibC {

    private static final int EINTR = 4;
    private static final int O_RDWR = 2;
    private static final int O_NOCTTY = Platform.isMac() ? 0x20000 : Platform.isLinux() ? 0x100 : 0x8000;
    private static final int TCSANOW = 0;
    private static final long FIONREAD = Platform.isMac() ? 0x4004667FL : 0x541BL;
    /** Larger than any platform's struct termios (60 bytes on Linux, 72 on macOS). */
    private static final int TERMIOS_BYTES = 256;

    private interface C extends Library {
        C INSTANCE = Native.load("c", C.class);

        int open(String path, int flags) throws LastErrorException;

        NativeLong read(int fd, byte[] buf, NativeLong count) throws LastErrorException;

        NativeLong write(int fd, byte[] buf, NativeLong count) throws LastErrorException;

        int close(int fd) throws LastErrorException;

        int tcgetattr(int fd, byte[] termios) throws LastErrorException;

        void cfmakeraw(byte[] termios);

        int tcsetattr(int fd, int action, byte[] termios) throws LastErrorException;

        int ioctl(int fd, NativeLong request, int[] value) throws LastErrorException;
    }

    private LibC() {}

    /**
     * Raw mode for the pair, set through the master (Linux applies terminal settings made on a
     * master to its slave): no echo, no line editing, no signals, no CR/LF translation. Whatever
     * runs on the slave side decides all of that.
     */
    static void makeRaw(int masterFd) throws IOException {
        byte[] termios = new byte[TERMIOS_BYTES];
        try {
            C.INSTANCE.tcgetattr(masterFd, termios);
            C.INSTANCE.cfmakeraw(termios);
            C.INSTANCE.tcsetattr(masterFd, TCSANOW, termios);
        } catch (LastErrorException e) {
            throw new IOException("cannot put the pseudo-terminal in raw mode: " + e.getMessage(), e);
        }
    }

    /** Opens a tty without making it the JVM's controlling terminal (whose hang-up would kill it). */
    static int openTty(String path) throws IOException {
        try {
            return C.INSTANCE.open(path, O_RDWR | O_NOCTTY);
        } catch (LastErrorException e) {
            throw new IOException("cannot open " + path + ": " + e.getMessage(), e);
        }
    }

    /** Reads up to {@code len} bytes; -1 at end of file or when the other side hung up (EIO). */
    static int read(int fd, byte[] buf, int len) {
        byte[] target = len == buf.length ? buf : new byte[len];
        while (true) {
            try {
                int n = C.INSTANCE.read(fd, target, new NativeLong(len)).intValue();
                if (n > 0 && target != buf) {
                    System.arraycopy(target, 0, buf, 0, n);
                }
                return n == 0 ? -1 : n;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EINTR) {
                    return -1;
                }
            }
        }
    }

    /** Writes all of {@code len} bytes, however many calls that takes. */
    static void writeFully(int fd, byte[] buf, int off, int len) throws IOException {
        byte[] chunk = off == 0 ? buf : java.util.Arrays.copyOfRange(buf, off, off + len);
        int done = 0;
        while (done < len) {
            byte[] rest = done == 0 ? chunk : java.util.Arrays.copyOfRange(chunk, done, len);
            try {
                done += C.INSTANCE.write(fd, rest, new NativeLong(len - done)).intValue();
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EINTR) {
                    throw new IOException("write to the terminal failed: " + e.getMessage(), e);
                }
            }
        }
    }

    /** How many bytes are waiting to be read from {@code fd}; 0 when that cannot be told. */
    static int available(int fd) {
        int[] n = new int[1];
        try {
            C.INSTANCE.ioctl(fd, new NativeLong(FIONREAD), n);
            return n[0];
        } catch (LastErrorException e) {
            return 0;
        }
    }

    static void close(int fd) {
        try {
            C.INSTANCE.close(fd);
        } catch (LastErrorException e) {
            // nothing left to release
        }
    }
}
