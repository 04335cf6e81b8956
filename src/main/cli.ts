/** `soundprint` command-line entry (runs under plain Node; never imports electron). */
process.stdout.write('soundprint: no commands yet\n')
