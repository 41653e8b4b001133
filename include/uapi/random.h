/*
 * include/uapi/random.h - getrandom(2) flags (linux/random.h).
 */
#ifndef SLUICE_UAPI_RANDOM_H
#define SLUICE_UAPI_RANDOM_H

#define GRND_NONBLOCK 0x0001
#define GRND_RANDOM   0x0002
#define GRND_INSECURE 0x0004

#endif /* SLUICE_UAPI_RANDOM_H */
