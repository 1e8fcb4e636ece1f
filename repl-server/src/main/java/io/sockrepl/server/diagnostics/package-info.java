/**
 * What the JVM says of itself, read without changing anything: its threads. Each report is one
 * service that the control actions and the console commands both print. Internal; not an API.
 */
package io.sockrepl.server.diagnostics;
