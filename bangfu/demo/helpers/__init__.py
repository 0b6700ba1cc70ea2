"""Demo helpers (帮扶主体): about 300 enterprises, co-operatives, associations and others,
planned and written with the registry demo (`bangfu.demo.registry`), from the same generator."""
