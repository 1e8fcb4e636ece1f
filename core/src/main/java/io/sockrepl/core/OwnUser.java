package io.sockrepl.core;

import com.sun.security.auth.module.UnixSystem;

/** The user this JVM runs as, read once: whom its files and its peers must belong to. */
final class OwnUser {

    private static final UnixSystem SYSTEM = new UnixSystem();
    static final long UID = SYSTEM.getUid();
    /** The user's name, or its uid where the user database has none (as the JDK names peers). */
    static final String NAME = SYSTEM.getUsername() != null ? SYSTEM.getUsername() : String.valueOf(UID);

    private OwnUser() {}
}
