"""What the renderer tells a diagram script, through its environment. Its own module so that the
renderer need not import ``authoring`` (and with it the diagrams package) to know the names."""
OUT_DIR_ENV = "GUIDEBUILD_OUT_DIR"
SLUG_ENV = "GUIDEBUILD_SLUG"
