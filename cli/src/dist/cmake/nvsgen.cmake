# nvsgen for ESP-IDF projects: NVS partition images made at build time, flashed by `idf.py flash`.
#
# In the project's CMakeLists.txt, after project() (or in a component's CMakeLists.txt):
#
#   include(/opt/nvsgen/cmake/nvsgen.cmake)      # this file, from nvsgen's distribution
#   nvsgen_create_partition_image(nvs nvs_data.csv FLASH_IN_PROJECT)
#
# nvsgen_create_partition_image(<partition> <csv> [FLASH_IN_PROJECT] [VERSION 1|2] [DEPENDS <file>...])
#   Does what ESP-IDF's nvs_create_partition_image does, with `nvsgen generate`: the image of <csv>, as
#   large as the partition named <partition> in the project's partition table, is written to
#   ${CMAKE_BINARY_DIR}/<partition>.bin on every build; the target <partition>-flash writes it, and with
#   FLASH_IN_PROJECT `idf.py flash` writes it too, at the partition's offset. VERSION is the NVS format
#   version (default 2); DEPENDS names further files the image is made from (`file` rows), which are,
#   as with nvs_partition_gen, relative to the build folder the command runs in.
#
# nvsgen_create_batch(<name> <manifest.yaml> [OUTDIR <dir>] [DEPENDS <file>...])
#   Runs `nvsgen batch` on a manifest when it (or a DEPENDS file) changed: one image per device in
#   OUTDIR (default ${CMAKE_BINARY_DIR}/<name>), target nvsgen_<name>_batch. Per-device images are not
#   flashed by `idf.py flash` (which device would it be?): flash each with esptool.
#
# nvsgen is found as NVSGEN_EXECUTABLE if set, else as bin/nvsgen beside this file's folder (the
# distribution's layout), else on PATH.

if(NOT NVSGEN_EXECUTABLE)
    if(CMAKE_HOST_WIN32)
        set(_nvsgen_launcher "${CMAKE_CURRENT_LIST_DIR}/../bin/nvsgen.cmd")
    else()
        set(_nvsgen_launcher "${CMAKE_CURRENT_LIST_DIR}/../bin/nvsgen")
    endif()
    if(EXISTS "${_nvsgen_launcher}")
        get_filename_component(_nvsgen_launcher "${_nvsgen_launcher}" ABSOLUTE)
        set(NVSGEN_EXECUTABLE "${_nvsgen_launcher}" CACHE FILEPATH "The nvsgen command")
    else()
        find_program(NVSGEN_EXECUTABLE nvsgen)
    endif()
    unset(_nvsgen_launcher)
endif()

function(nvsgen_create_partition_image partition csv)
    cmake_parse_arguments(arg "FLASH_IN_PROJECT" "VERSION" "DEPENDS" ${ARGN})
    if(NOT DEFINED arg_VERSION)
        set(arg_VERSION 2)
    endif()
    if(NOT NVSGEN_EXECUTABLE)
        message(FATAL_ERROR "nvsgen not found: set NVSGEN_EXECUTABLE to the nvsgen command")
    endif()
    get_filename_component(csv_full_path "${csv}" ABSOLUTE)

    # The partition's size and offset from the project's partition table, as ESP-IDF's own does.
    partition_table_get_partition_info(size "--partition-name ${partition}" "size")
    partition_table_get_partition_info(offset "--partition-name ${partition}" "offset")

    if("${size}" AND "${offset}")
        set(image_file "${CMAKE_BINARY_DIR}/${partition}.bin")
        add_custom_target(nvsgen_${partition}_bin ALL
            COMMAND "${NVSGEN_EXECUTABLE}" generate --version ${arg_VERSION} "${csv_full_path}" "${image_file}" ${size}
            DEPENDS "${csv_full_path}" ${arg_DEPENDS}
            COMMENT "Generating NVS partition image for ${partition} from ${csv} with nvsgen"
            VERBATIM)
        set_property(DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" APPEND PROPERTY ADDITIONAL_CLEAN_FILES "${image_file}")

        if(COMMAND esptool_py_flash_target)
            idf_component_get_property(main_args esptool_py FLASH_ARGS)
            idf_component_get_property(sub_args esptool_py FLASH_SUB_ARGS)
            esptool_py_flash_target(${partition}-flash "${main_args}" "${sub_args}" ALWAYS_PLAINTEXT)
            esptool_py_flash_to_partition(${partition}-flash "${partition}" "${image_file}")
            add_dependencies(${partition}-flash nvsgen_${partition}_bin)
        endif()
        if(arg_FLASH_IN_PROJECT)
            # Into esptool's flash arguments, so that `idf.py flash` writes the image at the partition's offset.
            esptool_py_flash_to_partition(flash "${partition}" "${image_file}")
            if(TARGET flash)
                add_dependencies(flash nvsgen_${partition}_bin)
            endif()
        endif()
    else()
        set(message "Failed to create NVS image for partition '${partition}'. "
                    "Check project configuration if using the correct partition table file.")
        if(COMMAND fail_at_build_time)
            fail_at_build_time(nvsgen_${partition}_bin "${message}")
        else()
            message(FATAL_ERROR ${message})
        endif()
    endif()
endfunction()

function(nvsgen_create_batch name manifest)
    cmake_parse_arguments(arg "" "OUTDIR" "DEPENDS" ${ARGN})
    if(NOT NVSGEN_EXECUTABLE)
        message(FATAL_ERROR "nvsgen not found: set NVSGEN_EXECUTABLE to the nvsgen command")
    endif()
    if(NOT arg_OUTDIR)
        set(arg_OUTDIR "${CMAKE_BINARY_DIR}/${name}")
    endif()
    get_filename_component(manifest_full_path "${manifest}" ABSOLUTE)
    get_filename_component(outdir_full_path "${arg_OUTDIR}" ABSOLUTE BASE_DIR "${CMAKE_BINARY_DIR}")
    set(stamp "${CMAKE_CURRENT_BINARY_DIR}/nvsgen_${name}_batch.stamp")
    add_custom_command(
        OUTPUT "${stamp}"
        COMMAND "${NVSGEN_EXECUTABLE}" batch "${manifest_full_path}" --outdir "${outdir_full_path}" --force --quiet
        COMMAND "${CMAKE_COMMAND}" -E touch "${stamp}"
        DEPENDS "${manifest_full_path}" ${arg_DEPENDS}
        COMMENT "Making the devices' NVS images of ${manifest} with nvsgen batch"
        VERBATIM)
    add_custom_target(nvsgen_${name}_batch ALL DEPENDS "${stamp}")
endfunction()
