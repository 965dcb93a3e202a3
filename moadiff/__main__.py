from moadiff.cli import main

main()
