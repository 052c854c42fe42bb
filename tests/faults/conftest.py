def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "faults: starts real processes (service, CLI, proxy) and kills them")
