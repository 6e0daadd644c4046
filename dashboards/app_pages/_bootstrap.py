"""Makes `dashboards.*` importable when a page runs on its own (streamlit run / AppTest.from_file)."""

import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[2])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)
