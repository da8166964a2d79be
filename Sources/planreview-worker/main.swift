print("planreview-worker")
