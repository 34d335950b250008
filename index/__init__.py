"""政策文库's Qt-free core: corpus model, folding, the Whoosh index and search."""
