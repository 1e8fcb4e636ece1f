/**
 * The control actions of the batch protocol, one operation per action ({@link
 * io.sockrepl.server.control.ControlOp#all()}), and the {@link io.sockrepl.server.control.ServerContext}
 * they act on. Internal; not an API.
 */
package io.sockrepl.server.control;
