module pouchshop

go 1.19
