"""The command line: ``main(argv) -> int`` and one module per subcommand."""
