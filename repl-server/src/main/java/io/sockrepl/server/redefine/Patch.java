package io.sockrepl.server.redefine;

import java.time.Instant;

/**
 * A redefinition in effect: which class (and which loader's, where several have one of that name),
 * when, by whom, the bytes it runs now and the bytes it ran before the first patch, which
 * {@code revert} puts back.
 *
 * @param className the class
 * @param loader    its defining loader, as {@code /loaders} shows it
 * @param at        when it was last redefined
 * @param by        who asked (peer uid and pid, or a TCP address, or a console session)
 * @param digest    SHA-256 of the running bytes, first 16 hex digits
 * @param original  the bytes before the first patch
 * @param running   the bytes it runs now: what any later transformation starts from
 * @param note      what another agent did to the class since, when, or null
 */
public record Patch(
        String className,
        String loader,
        Instant at,
        String by,
        String digest,
        byte[] original,
        byte[] running,
        String note) {
    /** The same patch, running {@code bytes} (of that digest) now. */
    Patch running(byte[] bytes, String digest) {
        return new Patch(className, loader, at, by, digest, original, bytes, note);
    }

    /** The same patch with what another agent did to it since. */
    Patch noted(String what) {
        return new Patch(className, loader, at, by, digest, original, running, what);
    }
}
