package io.sockrepl.pty;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;

/**
 * The in-process side of a {@link PtySocketProxy}: what the code behind the terminal reads (bytes
 * the client typed) and writes (bytes the client sees), with the charset to decode and encode them.
 * Closing both streams tells the proxy the in-process side has gone; it does not stop the proxy.
 */
public record SlaveStreams(InputStream input, OutputStream output, Charset charset) {}
