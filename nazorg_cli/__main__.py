from nazorg_cli.cli.app import main

main()
