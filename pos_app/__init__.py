"""The cashier's terminal (PySide6).

    core/ ........... what the till decides, Qt-free (import-linter forbids PySide6):
                      sale, catalogue, settle, offline rules and queue, journal (store),
                      code acceptance, refund rule, PIN, wedge, the exception tree
    scan/ ........... cameras and QR decoding; only scan/worker.py imports Qt
    app.py .......... MainWindow: turns the workers' signals into what the cashier sees
    intake.py ....... the window's code intake (the rule itself is core/acceptance.py)
    widgets/ ........ the window's widgets; layout.build returns them as a typed Parts,
                      dialogs.py holds DialogHost, the sales table and the banner
    screens.py, refund.py, settings_dialog.py, manager.py
                      the dialogs: each gets a DialogHost and what it works on (the
                      journal, a client factory, the settings), never the window
    workers.py ...... the settle and link threads; remote.py, the control socket
    cli.py, terminal_cli.py, cameras.py
                      `kinpay scan`, `kinpay pos`, and the camera a setting names

Imports go one way (tests/pos/test_sizes.py checks: no cycle, modules <= 500 lines,
functions <= 70); errors are pos_app.core.errors.PosError.
"""
