"""The fictional sample agreements; ``python -m samples.make_samples`` remakes them."""
