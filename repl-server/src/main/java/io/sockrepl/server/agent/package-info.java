/**
 * Entry points for the JVM: the Java agent sockrepl is injected with ({@code AgentBootstrap}, the
 * only class the application ever sees) and the Instrumentation it brings. Public for the JVM and
 * for the command line; not an API.
 */
package io.sockrepl.server.agent;
