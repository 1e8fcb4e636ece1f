package io.sockrepl.pty;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One open descriptor of the slave tty, shared by an input and an output stream. The descriptor is
 * closed once both streams are closed (or the proxy stops) and no call is inside it, so that a
 * thread returning from a read can never touch a descriptor number the system has reused.
 */
final class SlaveFd {

    private final int fd;
    private int users;
    private boolean closing;
    private boolean inputOpen = true;
    private boolean outputOpen = true;

    SlaveFd(int fd) {
        this.fd = fd;
    }

    /** Enters a call; false once the descriptor is closing. */
    private synchronized boolean acquire() {
        if (closing) {
            return false;
        }
        users++;
        return true;
    }

    private synchronized void release() {
        users--;
        closeIfIdle();
    }

    private void closeIfIdle() {
        if (closing && users == 0 && fd >= 0) {
            LibC.close(fd);
            users = -1;
        }
    }

    /** Closes the descriptor now, or as soon as the calls inside it return. */
    synchronized void close() {
        if (!closing) {
            closing = true;
            closeIfIdle();
        }
    }

    private synchronized void halfClosed(boolean input) {
        if (input) {
            inputOpen = false;
        } else {
            outputOpen = false;
        }
        if (!inputOpen && !outputOpen) {
            close();
        }
    }

    InputStream input() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                return PtySocketProxy.readOneByte(this);
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                if (!acquire()) {
                    return -1;
                }
                try {
                    byte[] buf = off == 0 ? b : new byte[len];
                    int n = LibC.read(fd, buf, len);
                    if (n > 0 && buf != b) {
                        System.arraycopy(buf, 0, b, off, n);
                    }
                    return n;
                } finally {
                    release();
                }
            }

            @Override
            public void close() {
                halfClosed(true);
            }
        };
    }

    OutputStream output() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (!acquire()) {
                    throw new IOException("terminal closed");
                }
                try {
                    LibC.writeFully(fd, b, off, len);
                } finally {
                    release();
                }
            }

            @Override
            public void close() {
                halfClosed(false);
            }
        };
    }
}
