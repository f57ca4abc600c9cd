"""`python -m helpline` is the `helpline` command."""

from .cli import main

main()
