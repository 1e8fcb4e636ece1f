/**
 * sockrepl's server, to embed in an application: {@link io.sockrepl.server.SockreplServer} started
 * with a {@link io.sockrepl.server.ServerConfig}. These two are the API; every subpackage is the
 * server's inside, public only where one of its packages wires up another.
 */
package io.sockrepl.server;
