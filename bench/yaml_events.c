/* The floor of any libyaml-based loader: parse a file to events and drop them. */
#include <stdio.h>
#include <stdlib.h>
#include <yaml.h>

int main(int argc, char** argv) {
    if (argc != 2) return 2;
    FILE* f = fopen(argv[1], "rb");
    if (!f) return 1;
    yaml_parser_t p;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_file(&p, f);
    yaml_event_t e;
    long n = 0;
    for (;;) {
        if (!yaml_parser_parse(&p, &e)) return 1;
        int end = e.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&e);
        ++n;
        if (end) break;
    }
    printf("%ld events\n", n);
    yaml_parser_delete(&p);
    fclose(f);
    return 0;
}
