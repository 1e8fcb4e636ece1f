/**
 * Connections: accepting them (peer check, connection limit), telling a batch request from an
 * attach request or a plain terminal, the token check, and refusals a client can read.
 * Internal: public only where the server wires it up; not an API.
 */
package io.sockrepl.server.net;
