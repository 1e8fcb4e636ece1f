package io.sockrepl.server.agent;

import com.sun.tools.attach.VirtualMachine;

/**
 * Run as a separate process: attaches to the JVM whose pid it is given and loads sockrepl's agent
 * there in "instrument" mode, which only hands over an Instrumentation. A JVM may not attach to
 * itself unless started with -Djdk.attach.allowAttachSelf=true; another process always may.
 */
public final class SelfAttach {

    private SelfAttach() {}

    public static void main(String[] args) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(args[0]);
        try {
            vm.loadAgent(args[1], AgentBootstrap.INSTRUMENT_ONLY);
        } finally {
            vm.detach();
        }
    }
}
