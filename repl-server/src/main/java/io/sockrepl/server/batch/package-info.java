/**
 * The batch queue: snippet requests run one at a time in arrival order, with timeouts, withdrawal
 * when the client goes away, and a reply size limit. Internal; not an API.
 */
package io.sockrepl.server.batch;
