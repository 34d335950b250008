/* Stands in for policy-library.exe when the installer is tested under wine: it keeps the
   program's rule for its per-user data folder (POLICY_LIBRARY_DATA_DIR, else
   %LOCALAPPDATA%\PolicyLibrary\policy-library), writes a file there on --self-check, prints a
   report and exits with the number in stub-exit-code.txt beside it (0 when absent). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

static void make_dirs(char *path) {
    for (char *p = path + 3; *p; p++) {
        if (*p == '\\' || *p == '/') {
            char saved = *p;
            *p = 0;
            CreateDirectoryA(path, NULL);
            *p = saved;
        }
    }
    CreateDirectoryA(path, NULL);
}

int main(int argc, char **argv) {
    if (argc < 2 || strcmp(argv[1], "--self-check") != 0) return 0;
    char dir[MAX_PATH * 2];
    const char *override = getenv("POLICY_LIBRARY_DATA_DIR");
    if (override && *override) snprintf(dir, sizeof dir, "%s", override);
    else snprintf(dir, sizeof dir, "%s\\PolicyLibrary\\policy-library", getenv("LOCALAPPDATA"));
    make_dirs(dir);
    char file[MAX_PATH * 3];
    snprintf(file, sizeof file, "%s\\settings.ini", dir);
    FILE *f = fopen(file, "w");
    if (f) { fputs("[General]\n", f); fclose(f); }
    char exe[MAX_PATH], code_file[MAX_PATH + 32];
    GetModuleFileNameA(NULL, exe, MAX_PATH);
    char *slash = strrchr(exe, '\\');
    if (slash) *slash = 0;
    snprintf(code_file, sizeof code_file, "%s\\stub-exit-code.txt", exe);
    int code = 0;
    FILE *c = fopen(code_file, "r");
    if (c) { if (fscanf(c, "%d", &code) != 1) code = 0; fclose(c); }
    printf("{\"ok\": %s, \"data_dir\": \"%s\"}\n", code == 0 ? "true" : "false", dir);
    return code;
}
