package io.sockrepl.server.control;

import io.sockrepl.core.Request;
import io.sockrepl.server.host.LoadedClasses;
import io.sockrepl.server.host.LoaderNotFoundException;
import io.sockrepl.server.redefine.RedefinitionException;

/** The class loader a redefine, source or revert request names, or null where it names none. */
final class RequestedLoader {

    private RequestedLoader() {}

    static ClassLoader of(Request request) throws RedefinitionException {
        if (request.loader() == null) {
            return null;
        }
        try {
            return LoadedClasses.loader(request.loader());
        } catch (LoaderNotFoundException e) {
            throw new RedefinitionException(e.getMessage());
        }
    }
}
