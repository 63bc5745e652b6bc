"""The store demo: `kinpay demo` starts the server, the parent's wallet, the child's tablet
and the cashier's terminal as their own processes, as a shop would run them, and plays the
story (`--script`) through each app's remote control (kinpay.control).

Its own top-level package, registered with the `kinpay` command by entry point like the
apps, so that the shared core (`kinpay`) neither imports it nor ships its checks. It
starts the other parts as processes and never imports them.

    DemoError ............ a part would not start, its port was taken, or it kept dying
    └── StepFailed ....... a step of the scripted story did not behave
"""
