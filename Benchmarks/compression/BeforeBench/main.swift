// The "before" column: the hand-written decoders of commit 6478f6c (LZ4FrameDecoder,
// ZSTDFrameDecoder and their helpers in Sources/SluiceCore/Arrow/IPC/). run.sh BEFORE=1
// copies them out of git into /tmp and builds them with this file and the shared
// harness; they are not kept in this folder.

let (folder, runs) = arguments()
try benchmark("before", folder: folder, runs: runs) { codec, input, output in
    if codec == "lz4" {
        try LZ4FrameDecoder.decode(input, into: output)
    } else {
        try ZSTDFrameDecoder.decode(input, into: output)
    }
}
