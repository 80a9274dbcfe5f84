"""The main screen's features, as plain objects it holds (never base classes): marks
(read/star, hide read), sharing (export, copy, pager, editor), reload (r and --watch) and
entities (highlights, legend, panel). Each is given the screen, runs its workers on it and
hands results back as messages (reader.ui.messages) that the screen's handlers pass on."""
