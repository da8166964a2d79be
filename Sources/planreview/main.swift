print("planreview")
