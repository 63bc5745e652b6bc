import sys

from kinpay.cli import main

sys.exit(main())
