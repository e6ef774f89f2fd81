// liblz4 from the system (Debian: liblz4-dev). Only the frame API: Arrow's LZ4_FRAME
// codec writes LZ4 frames, never raw blocks.
#include <lz4frame.h>
