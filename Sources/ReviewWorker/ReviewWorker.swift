public enum ReviewWorkerModule {}
