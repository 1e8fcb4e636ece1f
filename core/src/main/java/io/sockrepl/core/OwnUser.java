package io.sockrepl.core;

import com.sun.security.auth.module.UnixSystem;

/** The user this JVM runs as, read once: whom its files and its peers must belong to. */
final class OwnUser {

    private static final UnixSystem SYSTEM = new UnixSystem();
    static final long UID = SYSTEM.getUid();
    static final String NAME = SYSTEM.getUsername();

    private OwnUser() {}
}
