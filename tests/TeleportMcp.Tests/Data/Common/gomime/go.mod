module gomime

go 1.19
