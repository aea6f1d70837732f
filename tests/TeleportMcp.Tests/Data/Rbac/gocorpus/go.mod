module gocorpus

go 1.19
