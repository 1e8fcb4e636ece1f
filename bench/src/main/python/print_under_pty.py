"""Times a console printing LINES lines of 70 characters, run under a real pseudo-terminal as a
person's terminal would run it: bench/run console's print table, for jshell and for sockrepl attach.

usage: print_under_pty.py PROMPT LINES COMMAND...
Prints the seconds from the keystroke that ends the snippet to the prompt after its last line.
"""
import fcntl
import os
import pty
import select
import struct
import sys
import termios
import time


def main():
    prompt, lines, command = sys.argv[1].encode(), int(sys.argv[2]), sys.argv[3:]
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm"
        os.execvp(command[0], command)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 120, 0, 0))
    seen = b""

    def await_text(text, timeout=120):
        nonlocal seen
        deadline = time.monotonic() + timeout
        while text not in seen:
            left = deadline - time.monotonic()
            if left <= 0:
                raise SystemExit("no %r within %ds; last output: %r" % (text, timeout, seen[-300:]))
            ready, _, _ = select.select([fd], [], [], left)
            if ready:
                seen += os.read(fd, 65536)
        seen = seen[seen.index(text) + len(text):]

    def loop(count, mark):
        return ('for (int i = 0; i < %d; i++) System.out.println("y".repeat(70)); System.out.println("%s" + "!");\r'
                % (count, mark)).encode()

    await_text(prompt)
    os.write(fd, loop(lines // 10, "WARM"))  # the JIT's first pass over the path
    await_text(b"WARM!")
    await_text(prompt)
    start = time.monotonic()
    os.write(fd, loop(lines, "DONE"))
    await_text(b"DONE!")
    await_text(prompt)
    print("%.3f" % (time.monotonic() - start))
    os.write(fd, b"/exit\r")
    os.kill(pid, 9)
    os.waitpid(pid, 0)


if __name__ == "__main__":
    main()
