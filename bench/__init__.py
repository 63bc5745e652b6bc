"""kinpay's benchmarks: `python -m bench [--quick] [decode|scan|load|wallet ...]`.

Each part measures kinpay beside a baseline in the same run, because the machines here
are shared and noisy: a figure alone says little, its ratio to the baseline says more.

    decode.py   kinpay's decoder cascade beside zxing-cpp, pyzbar and OpenCV alone,
                on real photographs and on seeded synthetic frames
    scan.py     frame arrival → approved state through the real terminal (PySide6,
                offscreen) on a real server, beside the bare `Client.pay` round trip
    load.py     many terminals paying at once on SQLite and PostgreSQL, beside a naive
                one-commit-per-request FastAPI + SQLite server (naive.py); the load
                itself comes from loadgen.py, in a process of its own
    wallet.py   the wallet's next code and its QR image, beside segno's own mask search
    world.py    servers, a throwaway PostgreSQL, families and terminals made for a run
    report.py   tables for the console and the page, docs/benchmarks.md
    machine.py  what the page says about the machine, the versions and the commit
"""
