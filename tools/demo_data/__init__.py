"""The demo data builder and its hand-written catalogue. The files it writes (``app/demo/data/``) ship with the
service as package data; this builder does not:

    .venv/bin/python -m tools.demo_data.build_demo_data            # rewrites app/demo/data/* (deterministic)
    .venv/bin/python -m tools.demo_data.build_substitution_data    # rewrites app/demo/data/substitution_*
"""
