/**
 * What snippets see of the application: its class loader, its class path for the compiler, its
 * Spring contexts. Internal; not an API.
 */
package io.sockrepl.server.host;
