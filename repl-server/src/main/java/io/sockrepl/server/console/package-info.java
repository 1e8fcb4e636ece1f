/**
 * The interactive console: a JLine terminal over a pseudo-terminal whose master is the client
 * socket, the read-eval loop and the slash commands. Internal; not an API.
 */
package io.sockrepl.server.console;
